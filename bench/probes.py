"""What a reader sees change, stamped inside the page: shared by map_latency.py and load.py."""

from __future__ import annotations

from geo.style import STATUS_COLOURS

FRAME = 'iframe[title*="st_folium"]'

# What the reader sees, as a string: the bare page's heading, or how many district paths in
# the map frame have each status colour.
BARE_SIGNATURE = "() => document.querySelector('h2')?.innerText ?? ''"
MAP_SIGNATURE = """() => {
  const doc = document.querySelector('FRAME')?.contentDocument;
  if (!doc) { return ''; }
  const fills = [...doc.querySelectorAll('path.leaflet-interactive')]
    .map(p => p.getAttribute('fill'));
  return COLOURS.map(c => c + ':' + fills.filter(f => f === c).length).join(' ');
}""".replace("FRAME", FRAME).replace("COLOURS", repr(list(STATUS_COLOURS.values())))

# Stamps (epoch ms, sub-millisecond) the keydown and the first animation frame after a
# mutation in which the signature differs from the one at keydown.
STEP_PROBE = """([signature, frameSelector]) => {
  const sign = eval(signature);
  const probe = window.__step = {key: 0, seen: 0, before: sign()};
  const now = () => performance.timeOrigin + performance.now();
  document.addEventListener('keydown', () => {
    Object.assign(probe, {key: now(), seen: 0, before: sign()});
  }, true);
  const frame = frameSelector ? document.querySelector(frameSelector) : null;
  const win = frame ? frame.contentWindow : window;
  new MutationObserver(() => win.requestAnimationFrame(() => {
    if (probe.key && !probe.seen && sign() !== probe.before) { probe.seen = now(); }
  })).observe(win.document, {subtree: true, childList: true, characterData: true,
                             attributes: true, attributeFilter: ['fill']});
}"""
