import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config';

/** Paths that belong to the API, never to the web app's client-side routes. */
const API_PATHS = /^\/(graphql|files|reports|health|auth|metrics)(\/|$)/;

/** apps/web/dist from the sources (apps/api/src/web) and from the build (dist/apps/api/src/web). */
export function webDistDir(): string | undefined {
  return [join(__dirname, '../../../web/dist'), join(__dirname, '../../../../../apps/web/dist')].find((dir) =>
    existsSync(join(dir, 'index.html')),
  );
}

/** No inline script at all; inline styles only (the chart library and positioning set style attributes). */
export function contentSecurityPolicy(config: AppConfig): string {
  const issuer = config.auth.issuer ? ` ${new URL(config.auth.issuer).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self'${issuer}`,
    "font-src 'self'",
    // Evidence (PDF, image, text only) opens in place from a blob of GET /files/<sha256>.
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${issuer}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the built people's screens at /: hashed assets cached for a year, index.html never
 * cached, and every other GET for a page (a client-side route) answered with index.html.
 */
export function serveWebApp(app: NestExpressApplication, config: AppConfig): void {
  const dir = webDistDir();
  if (!dir) {
    new Logger('Web').warn('apps/web/dist is missing: run `npm run build:web` (npm start does) to serve the web app at /');
    return;
  }
  const csp = contentSecurityPolicy(config);
  const index = join(dir, 'index.html');
  // The screens' scripts compressed on the wire (a phone on a 1.6 Mbps link downloads a third);
  // the API's answers are left as they are (streamed files and reports set their own lengths).
  app.use(compression({ filter: (req, res) => !API_PATHS.test(req.path) && compression.filter(req, res) }));
  app.useStaticAssets(dir, {
    index: false,
    setHeaders: (res: { setHeader(name: string, value: string): unknown }, path: string) => {
      res.setHeader('Content-Security-Policy', csp);
      res.setHeader('Cache-Control', path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use(
    (
      req: { method: string; path: string },
      res: { setHeader(n: string, v: string): void; sendFile(p: string): void },
      next: () => void,
    ) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path) || /\.\w+$/.test(req.path)) return next();
      res.setHeader('Content-Security-Policy', csp);
      res.setHeader('Cache-Control', 'no-store');
      res.sendFile(index);
    },
  );
}
