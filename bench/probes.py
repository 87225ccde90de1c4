"""What a reader sees change, stamped inside the page: shared by map_latency.py and load.py."""

from __future__ import annotations

from geo.map.style import STATUS_COLOURS

FRAME = 'iframe[title*="st_folium"]'

# What the reader sees, as a string: the date heading (the bare page has only that), or how
# many district paths in the map frame have each status colour.
HEADING_SIGNATURE = "() => document.querySelector('h2')?.innerText ?? ''"
MAP_SIGNATURE = """() => {
  const doc = document.querySelector('FRAME')?.contentDocument;
  if (!doc) { return ''; }
  const fills = [...doc.querySelectorAll('path.leaflet-interactive')]
    .map(p => p.getAttribute('fill'));
  return COLOURS.map(c => c + ':' + fills.filter(f => f === c).length).join(' ');
}""".replace("FRAME", FRAME).replace("COLOURS", repr(list(STATUS_COLOURS.values())))

# What a step changes outside the map, which only the server's answer brings: the date
# heading, and how many list items (events) are shown (on the bare page, its heading).
PAGE_SIGNATURE = """() => (document.querySelector('h2')?.innerText ?? '') + '|' +
  [...document.querySelectorAll('[data-testid="stMarkdownContainer"] li')]
    .filter(item => item.checkVisibility()).length"""

# Stamps (epoch ms, sub-millisecond) the keydown, the first animation frame after a
# mutation in which the signature differs from the one at keydown, and with a
# ``pageSignature`` (PAGE_SIGNATURE, or HEADING_SIGNATURE where a crowd of pages runs it)
# the last animation frame after the keydown in which that changed in the page.
STEP_PROBE = """([signature, frameSelector, pageSignature]) => {
  const sign = eval(signature);
  const pageSign = pageSignature ? eval(pageSignature) : null;
  const probe = window.__step = {key: 0, seen: 0, before: sign(), page: 0,
                                 pageLast: pageSign?.()};
  const now = () => performance.timeOrigin + performance.now();
  document.addEventListener('keydown', () => {
    Object.assign(probe, {key: now(), seen: 0, before: sign(), page: 0});
  }, true);
  const frame = frameSelector ? document.querySelector(frameSelector) : null;
  const win = frame ? frame.contentWindow : window;
  new MutationObserver(() => win.requestAnimationFrame(() => {
    if (probe.key && !probe.seen && sign() !== probe.before) { probe.seen = now(); }
  })).observe(win.document, {subtree: true, childList: true, characterData: true,
                             attributes: true, attributeFilter: ['fill']});
  if (!pageSign) { return; }
  new MutationObserver(() => requestAnimationFrame(() => {
    const text = pageSign();
    if (probe.key && text !== probe.pageLast) {
      Object.assign(probe, {page: now(), pageLast: text});
    }
  })).observe(document, {subtree: true, childList: true, characterData: true});
}"""

# Where a step's time goes, stamped in the page like the step itself: every message the
# server sends, with its size (an init script wraps the page's WebSocket), and every message
# the map frame receives (Streamlit posts a component's new arguments into its frame).
MESSAGE_PROBE = """(() => {
  if (window.top !== window) { return; }
  const now = () => performance.timeOrigin + performance.now();
  window.__serverMessages = [];
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener('message', (event) => window.__serverMessages.push(
      [now(), event.data.byteLength ?? event.data.size ?? event.data.length]));
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
})();"""
FRAME_MESSAGE_PROBE = """(frameSelector) => {
  window.__frameMessages = [];
  document.querySelector(frameSelector).contentWindow.addEventListener('message',
    () => window.__frameMessages.push(performance.timeOrigin + performance.now()), true);
}"""
# (first and last server message of the step, frame heard, change seen, page's heading and
# list changed) after the last keydown, in seconds, and the bytes the server sent for the
# step; the frame's stamp is null on a page without a map, or when nothing was posted into
# it. Read once the run has finished.
STEP_PHASES = """() => {
  const {key, seen, page} = window.__step;
  const heard = (window.__frameMessages ?? []).find(t => t > key) ?? null;
  const sent = window.__serverMessages.filter(([t]) => t > key);
  const times = [sent[0]?.[0] ?? null, sent[sent.length - 1]?.[0] ?? null, heard, seen,
                 page || null];
  return [...times.map(t => t === null ? null : (t - key) / 1000),
          sent.reduce((total, [, size]) => total + size, 0)];
}"""
