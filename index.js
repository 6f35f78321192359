// The napi addon, for code that wants the raw binding (the native-binding tests). Not generated: napi's
// generated loader tries every platform and throws the stack of its attempts, so the build runs with
// --no-js and this file hands over to the library's own loader (src/native.ts), which gives one error
// naming the platform when no binary fits. Needs `npm run build:ts` first.
module.exports = require('./dist/native.js').loadBinding()
