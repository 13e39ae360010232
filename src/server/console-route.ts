// Puts the web console beside the API on the same port: requests for /console and below go to its files, every other
// request to the API router. The console is static files, not an AWS protocol, so it stays out of protocol/.

import type { ApiRequest } from '../protocol/http-request.js';
import { ConsoleFiles } from './console-files.js';
import type { RequestHandler } from './http-listener.js';

function acceptEncoding(request: ApiRequest): string | undefined {
  const value = request.headers['accept-encoding'];
  return Array.isArray(value) ? value.join(', ') : value;
}

export function consoleRoute(files: ConsoleFiles, api: RequestHandler): RequestHandler {
  return {
    route: (request: ApiRequest) =>
      ConsoleFiles.handles(request.path) ? Promise.resolve(files.answer(request.method, request.path, acceptEncoding(request))) : api.route(request),
  };
}
