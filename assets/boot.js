// Starts EOS Lab. index.html loads this file instead of an inline script, so a
// Content-Security-Policy of `script-src 'self' 'wasm-unsafe-eval'` is enough.
// Its tag names the build's hashed JavaScript and WebAssembly files.
const tag = document.querySelector('script[data-eoslab-boot]');
const { default: init } = await import(new URL(tag.dataset.js, document.baseURI).href);
await init({ module_or_path: new URL(tag.dataset.wasm, document.baseURI).href });
