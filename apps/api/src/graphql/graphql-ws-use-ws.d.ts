// graphql-ws publishes its ws binding as a subpath export, which `moduleResolution: node` cannot see;
// at run time require() resolves it through the package's exports.
declare module 'graphql-ws/use/ws' {
  export { useServer, type Extra } from 'graphql-ws/dist/use/ws';
}
