/*
 * EOS Lab's host script: include it once on a course page and every EOS Lab
 * frame on the page takes the height its lab posts.
 *
 *   <script src="https://your.site/eoslab/embed-host.js" defer></script>
 *
 * It listens for `{type: "eoslab:height", height}` and acts only on a message
 * that comes from one of the page's own <iframe>s, from that frame's origin,
 * with a height that is a finite number. Frames marked `data-eoslab` are asked
 * for their height when they load, so a message sent before this script ran is
 * not missed. Including it twice does nothing more.
 */
(function () {
  'use strict';
  if (window.eoslabHost) return;
  var MIN = 150;
  var MAX = 10000;

  function originOf(frame) {
    try {
      return new URL(frame.src, document.baseURI).origin;
    } catch (e) {
      return null;
    }
  }

  function frameOf(source) {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  function onMessage(event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'eoslab:height') return;
    var height = data.height;
    if (typeof height !== 'number' || !isFinite(height)) return;
    var frame = frameOf(event.source);
    if (!frame || originOf(frame) !== event.origin) return;
    var px = Math.round(Math.min(MAX, Math.max(MIN, height))) + 'px';
    if (frame.style.height !== px) frame.style.height = px;
  }

  function ask(frame) {
    var origin = originOf(frame);
    if (!origin || origin === 'null' || !frame.contentWindow) return;
    frame.contentWindow.postMessage({ type: 'eoslab:request-height' }, origin);
  }

  function watch(frame) {
    if (frame.eoslabWatched) return;
    frame.eoslabWatched = true;
    frame.addEventListener('load', function () {
      ask(frame);
    });
    ask(frame);
  }

  function watchAll() {
    var frames = document.querySelectorAll('iframe[data-eoslab]');
    for (var i = 0; i < frames.length; i++) watch(frames[i]);
  }

  window.eoslabHost = { resizeAll: watchAll };
  window.addEventListener('message', onMessage);
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', watchAll);
  } else {
    watchAll();
  }
})();
