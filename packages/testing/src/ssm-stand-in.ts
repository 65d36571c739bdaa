import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the AWS SDK sent, as the stand-in received it. */
export interface SsmRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** `AmazonSSM.GetParameter`: the operation, from X-Amz-Target. */
  readonly target: string;
  readonly body: Record<string, unknown>;
}

/** What the stand-in answers: a status and a JSON body (`{ __type, message }` for an error). */
export interface SsmAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface SsmStandIn {
  /** For AWS_ENDPOINT_URL_SSM. */
  readonly url: string;
  readonly requests: SsmRequest[];
  close(): Promise<void>;
}

/** An AWS error as the JSON 1.1 protocol carries it. */
export const awsError = (type: string, message: string, status = 400): SsmAnswer => ({
  status,
  body: { __type: type, message },
});

/**
 * A real HTTP server on loopback standing in for SSM's JSON 1.1 API: it records every request the
 * SDK sends and answers with `answer`. Nothing is faked inside the process under test.
 */
export async function startSsmStandIn(answer: (request: SsmRequest) => SsmAnswer): Promise<SsmStandIn> {
  const requests: SsmRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: SsmRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        target: String(req.headers['x-amz-target'] ?? ''),
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      requests.push(request);
      const { status, body } = answer(request);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
