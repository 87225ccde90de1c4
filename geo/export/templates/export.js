(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("handover-data").textContent);
  var slider = document.getElementById("day");
  var dayLabel = document.getElementById("day-label");
  var statusDate = document.getElementById("status-date");
  var statusList = document.getElementById("status-list");
  var eventList = document.getElementById("event-list");
  var playButton = document.getElementById("play");
  var last = data.days.length - 1;
  var timer = null;
  var current = data.start;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function sourceList(ids) {
    var list = el("ul");
    ids.forEach(function (id) {
      if (!own(data.sources, id)) { return; }
      var source = data.sources[id];
      var item = el("li");
      var url = source.url;
      if (typeof url === "string" && /^https?:\/\//i.test(url)) {
        var anchor = el("a", source.title);
        anchor.href = url;
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

  // --- map -----------------------------------------------------------------------------------
  var map = L.map("map", {attributionControl: false, zoomSnap: 0.25});
  map.createPane("basemap").style.zIndex = 250;
  L.geoJSON(data.basemap, {pane: "basemap", interactive: false, style: {
    color: data.basemap_line, weight: 1, fillColor: data.basemap_fill, fillOpacity: 1}}).addTo(map);

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  var districtLayers = [];
  var allDistricts = L.featureGroup().addTo(map);
  data.districts.forEach(function (district) {
    var handover = district.role === "handover";
    var feature = {type: "Feature", properties: {}, geometry: district.geometry};
    var layer = L.geoJSON(feature, {
      style: handover
        ? {color: "#222", weight: 2, fillOpacity: 0.8,
           className: "district handover district-" + district.id}
        : {color: data.context_colour, weight: 1.5, fill: true, fillOpacity: 0,
           className: "district context district-" + district.id}
    }).getLayers()[0];
    layer.bindTooltip(el("span", district.name), {
      permanent: district.label === "permanent", direction: "center",
      className: "district-label" + (handover ? "" : " context")});
    var days = own(data.status, district.id) ? data.status[district.id] : null;
    layer.bindPopup(function () { return districtPopup(district, days, current); },
                    {maxHeight: 320});
    layer.addTo(allDistricts);
    districtLayers.push({district: district, layer: layer, days: days});
  });
  map.fitBounds(allDistricts.getBounds(), {padding: [10, 10]});

  function districtPopup(district, days, index) {
    var box = el("div");
    box.appendChild(el("h3", district.name));
    var names = el("p");
    district.other_names.forEach(function (name) {
      names.appendChild(el("span", name));
      names.appendChild(el("br"));
    });
    box.appendChild(names);
    if (days) {
      box.appendChild(el("p", days.on[index]));
      box.appendChild(el("p", days.detail[index]));
      box.appendChild(el("p", district.held_since, "muted"));
      if (district.caveat) { box.appendChild(el("p", district.caveat, "muted")); }
    } else {
      box.appendChild(el("p", data.context_note, "muted"));
    }
    box.appendChild(el("p", district.area, "muted"));
    box.appendChild(el("strong", data.words.sources));
    box.appendChild(sourceList(district.sources));
    return box;
  }

  var eventLayers = data.events.map(function (event, i) {
    var marker = L.circleMarker([event.lat, event.lon], {
      radius: 7, color: "#222", weight: 1, fillColor: event.colour, fillOpacity: 0.95,
      className: "event-marker event-" + i});
    marker.bindTooltip(el("span", event.title));
    marker.bindPopup(function () {
      var box = el("div");
      box.appendChild(el("h3", event.title));
      box.appendChild(el("p", event.meta, "muted"));
      box.appendChild(el("p", event.summary));
      box.appendChild(el("strong", data.words.sources));
      box.appendChild(sourceList(event.sources));
      return box;
    }, {maxHeight: 320});
    return marker;
  });
  var eventGroup = L.layerGroup().addTo(map);

  // --- state -------------------------------------------------------------------------------
  function show(index) {
    index = Math.max(0, Math.min(last, index));
    var day = data.days[index];
    current = index;
    slider.value = String(index);
    slider.setAttribute("aria-valuetext", day.label);
    dayLabel.textContent = day.label;
    statusDate.textContent = day.label;

    statusList.replaceChildren();
    districtLayers.forEach(function (entry) {
      var district = entry.district;
      var days = entry.days;
      if (entry.layer.isPopupOpen()) { entry.layer.getPopup().update(); }
      if (!days) { return; }
      var status = days.s[index];
      entry.layer.setStyle({fillColor: data.colours[status], dashArray: data.dash[status]});
      var label = el("span", district.name);
      label.appendChild(el("br"));
      label.appendChild(el("small", status));
      entry.layer.setTooltipContent(label);
      var item = el("li");
      var button = el("button", district.name, "linklike");
      button.type = "button";
      button.addEventListener("click", function () {
        entry.layer.openPopup();
      });
      item.appendChild(button);
      item.appendChild(document.createTextNode(data.list_labels[status]));
      item.appendChild(document.createTextNode(days.detail[index]));
      statusList.appendChild(item);
    });

    eventList.replaceChildren();
    data.events.forEach(function (event, i) {
      var marker = eventLayers[i];
      var visible = event.from <= index;
      if (visible && !eventGroup.hasLayer(marker)) { eventGroup.addLayer(marker); }
      if (!visible && eventGroup.hasLayer(marker)) { eventGroup.removeLayer(marker); }
      if (!visible) { return; }
      var item = el("li");
      item.appendChild(document.createTextNode(event.lead));
      var button = el("button", event.title, "linklike");
      button.type = "button";
      button.addEventListener("click", function () { marker.openPopup(); });
      item.appendChild(button);
      eventList.appendChild(item);
    });

    try { history.replaceState(null, "", "#" + day.iso); } catch (err) { /* sandboxed */ }
  }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    playButton.textContent = data.words.play;
    playButton.setAttribute("aria-pressed", "false");
  }

  function play() {
    if (Number(slider.value) >= last) { show(0); }
    playButton.textContent = data.words.pause;
    playButton.setAttribute("aria-pressed", "true");
    timer = setInterval(function () {
      var next = Number(slider.value) + 1;
      show(next);
      if (next >= last) { stop(); }
    }, data.play_ms);
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

  var start = data.start;
  var asked = decodeURIComponent(location.hash.slice(1));
  data.days.forEach(function (day, i) { if (day.iso === asked) { start = i; } });
  show(start);
  window.handoverExport = {show: show, days: data.days.length};
}());
