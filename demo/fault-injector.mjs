// TEST-ONLY fault injection for the e2e releases D and E (`make e2e`, docs/demo.md). It is copied
// only into those images and loaded with `node --import` through NODE_OPTIONS; the service has no
// fault switch, and no image `make image` or the pipeline builds contains this file.
//
//   SHIPYARD_FAULT_ROOT_500_SHARE=0.3      answer 500 on GET / for that share of requests (D)
//   SHIPYARD_FAULT_UNHEALTHY_ON=staging-2  answer 503 on /health on those hosts, named by the
//                                          container's SHIPYARD_DEMO_HOST (E)
import http from 'node:http';

const share = Number(process.env.SHIPYARD_FAULT_ROOT_500_SHARE ?? 0);
const unhealthyOn = (process.env.SHIPYARD_FAULT_UNHEALTHY_ON ?? '').split(',').filter(Boolean);
const unhealthy = unhealthyOn.includes(process.env.SHIPYARD_DEMO_HOST ?? '');
const version = process.env.APP_VERSION ?? 'unknown';
let requests = 0;

function answer(res, status, fault) {
  const body = JSON.stringify({ version, fault });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

// Every HTTP server in the process (the service's only one) sees requests here first.
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function faultyEmit(event, req, res, ...rest) {
  if (event === 'request') {
    const path = (req.url ?? '').split('?')[0];
    if (unhealthy && path === '/health') {
      answer(res, 503, `unhealthy on ${process.env.SHIPYARD_DEMO_HOST}`);
      return true;
    }
    if (share > 0 && path === '/') {
      requests += 1;
      // A steady share: request n fails when n × share crosses a whole number.
      if (Math.floor(requests * share) > Math.floor((requests - 1) * share)) {
        answer(res, 500, `500 for ${share} of requests`);
        return true;
      }
    }
  }
  return emit.call(this, event, req, res, ...rest);
};
