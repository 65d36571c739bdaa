import express from 'express';

// The baseline for `make bench`: a bare Express 5 app with its defaults, serving the same JSON
// as the service and nothing else (no logging, no security headers, no error handling).

const port = Number(process.env.PORT ?? 3000);
const environment = process.env.APP_ENV ?? 'production';
const version = process.env.APP_VERSION ?? '0.0.0-bench';

const app = express();
app.get('/', (_req, res) => {
  res.json({ message: 'Hello from shipyard', environment, version });
});
app.get('/health', (_req, res) => {
  res.json({ status: 'ok', version });
});

const server = app.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
