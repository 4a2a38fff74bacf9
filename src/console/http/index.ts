/**
 * etcd's HTTP/JSON gateway for the console: `runCurl` (the `curl` command) and `httpRequest`
 * (`etcdscope.http(url, init)`), both answering as etcd 3.4.23's grpc-gateway does.
 */
export { runCurl } from './curl';
export type { CurlResult, RunCurlOptions } from './curl';
export { httpRequest, HttpConnectError } from './gateway';
export type { HttpHead, HttpInit, HttpResponse } from './gateway';
