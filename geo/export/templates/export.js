// The static export controls: the date slider, Play, the status and event lists, popups.
// The map itself is drawn by geo/map/map.js (inlined before this file), from the payload in
// #handover-map-data; this file asks it to show a day (window.handoverMap.show) and adds
// what only the export has. Every text is placed with textContent.
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("handover-map-data").textContent);
  var extra = payload.export;
  // map.js draws on the map as it is made; Leaflet vector layers need the view by then.
  var map = L.map("map", {attributionControl: false, zoomSnap: 0.25,
                          center: payload.center, zoom: 8});
  var handover = window.handoverMap;
  map.fitBounds(payload.bounds, {padding: [10, 10]});

  var slider = document.getElementById("day");
  var dayLabel = document.getElementById("day-label");
  var statusDate = document.getElementById("status-date");
  var statusList = document.getElementById("status-list");
  var eventList = document.getElementById("event-list");
  var playButton = document.getElementById("play");
  var last = handover.days.length - 1;
  var timer = null;

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function sourceList(ids) {
    var list = el("ul");
    ids.forEach(function (id) {
      if (!own(extra.sources, id)) { return; }
      var source = extra.sources[id];
      var item = el("li");
      if (typeof source.url === "string" && /^https?:\/\//i.test(source.url)) {
        var anchor = el("a", source.title);
        anchor.href = source.url;
        anchor.target = "_blank";
        anchor.rel = "noopener noreferrer";
        item.appendChild(anchor);
      } else {
        item.appendChild(el("span", source.title));
      }
      item.appendChild(document.createTextNode(source.credit));
      list.appendChild(item);
    });
    return list;
  }

  // A district popup lines on the shown day: its status lines, then those of every day.
  function lines(district) {
    return district.days[handover.state.day].map(function (index) {
      return extra.lines[index];
    }).concat(district.standing);
  }

  function districtPopup(district) {
    var box = el("div");
    box.appendChild(el("h3", district.name));
    var names = el("p");
    // [the language, its code, the name]: the name marked with its language, for screen readers.
    district.names.forEach(function (name) {
      names.appendChild(el("b", name[0] + extra.words.separator));
      var named = el("span", name[2]);
      named.lang = name[1];
      names.appendChild(named);
      names.appendChild(el("br"));
    });
    box.appendChild(names);
    lines(district).forEach(function (line) {
      var row = el("p");
      row.appendChild(el("b", line[0] + extra.words.separator));
      row.appendChild(document.createTextNode(line[1]));
      box.appendChild(row);
    });
    box.appendChild(el("strong", extra.words.sources));
    box.appendChild(sourceList(district.sources));
    return box;
  }

  function eventPopup(event) {
    var box = el("div");
    box.appendChild(el("h3", event.title));
    box.appendChild(el("p", event.meta, "muted"));
    box.appendChild(el("p", event.summary));
    box.appendChild(el("strong", extra.words.sources));
    box.appendChild(sourceList(event.sources));
    return box;
  }

  Object.keys(handover.fills).forEach(function (id) {
    if (!own(extra.districts, id)) { return; }
    handover.fills[id].bindPopup(function () { return districtPopup(extra.districts[id]); },
                                 {maxHeight: 320});
  });
  Object.keys(handover.markers).forEach(function (id) {
    if (!own(extra.events, id)) { return; }
    handover.markers[id].bindPopup(function () { return eventPopup(extra.events[id]); },
                                   {maxHeight: 320});
  });

  function show(index) {
    index = Math.max(0, Math.min(last, index));
    handover.show(index, null);
    var label = handover.days[index];
    slider.value = String(index);
    slider.setAttribute("aria-valuetext", label);
    dayLabel.textContent = label;
    statusDate.textContent = label;

    statusList.replaceChildren();
    Object.keys(extra.districts).forEach(function (id) {
      var district = extra.districts[id];
      var layer = handover.fills[id];
      if (layer.isPopupOpen()) { layer.getPopup().update(); }
      var item = el("li");
      var button = el("button", district.name, "linklike");
      button.type = "button";
      button.addEventListener("click", function () { layer.openPopup(); });
      item.appendChild(button);
      item.appendChild(document.createTextNode(extra.words.separator + lines(district)[0][1]));
      statusList.appendChild(item);
    });

    eventList.replaceChildren();
    handover.viewOn(index, null).events.forEach(function (shown) {
      var event = extra.events[shown.id];
      var marker = handover.markers[shown.id];
      var item = el("li");
      item.appendChild(document.createTextNode(event.lead));
      var button = el("button", event.title, "linklike");
      button.type = "button";
      button.addEventListener("click", function () { marker.openPopup(); });
      item.appendChild(button);
      eventList.appendChild(item);
    });

    try { history.replaceState(null, "", "#" + extra.iso[index]); } catch (err) { /* sandboxed */ }
  }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    playButton.textContent = extra.words.play;
    playButton.setAttribute("aria-pressed", "false");
  }

  function play() {
    if (Number(slider.value) >= last) { show(0); }
    playButton.textContent = extra.words.pause;
    playButton.setAttribute("aria-pressed", "true");
    timer = setInterval(function () {
      var next = Number(slider.value) + 1;
      show(next);
      if (next >= last) { stop(); }
    }, extra.playMs);
  }

  slider.addEventListener("input", function () { show(Number(slider.value)); });
  document.getElementById("prev").addEventListener("click", function () {
    stop(); show(Number(slider.value) - 1);
  });
  document.getElementById("next").addEventListener("click", function () {
    stop(); show(Number(slider.value) + 1);
  });
  playButton.addEventListener("click", function () {
    if (timer === null) { play(); } else { stop(); }
  });

  var start = handover.state.day;
  var asked = decodeURIComponent(location.hash.slice(1));
  extra.iso.forEach(function (iso, i) { if (iso === asked) { start = i; } });
  show(start);
  window.handoverExport = {show: show, days: handover.days.length};
}());
