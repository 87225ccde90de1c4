// The handover map: draws the payload of geo/map/payload.py on a Leaflet map and shows any
// day of the story, in the live page and in the static export alike.
//
// This file is loaded after Leaflet and before the map is made (the app links it, the export
// inlines it). It draws on the map that is made in a page holding the payload (an element
// with id "handover-map-data"): through an init hook, because the live map is made by
// folium's script, whose variable name this file cannot know. The map then draws the view
// named in the payload's data-view attribute at once, without any access to the page
// around it; in the live page it also follows the date slider and the server's steps, if it
// can reach them. Every text is placed with textContent; ids from the data only index
// objects made without a prototype.
(function () {
  "use strict";

  // A packed shape (geo.map.payload.pack_shape) as GeoJSON.
  function unpack(shape, scale) {
    return {type: "MultiPolygon", coordinates: shape.map(function (polygon) {
      return polygon.map(function (steps) {
        var ring = [], x = 0, y = 0;
        for (var i = 0; i < steps.length; i += 2) {
          x += steps[i];
          y += steps[i + 1];
          ring.push([x / scale, y / scale]);
        }
        return ring;
      });
    })};
  }

  function collection(items, scale) {
    return {type: "FeatureCollection", features: items.map(function (item) {
      return {type: "Feature", properties: item, geometry: unpack(item.shape, scale)};
    })};
  }

  function textNode(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) { node.className = className; }
    return node;
  }

  // A box on the map that says something: the date shown, or that tiles failed.
  function notice(map, position, className) {
    var box = L.DomUtil.create("div", className);
    var Box = L.Control.extend({onAdd: function () { return box; }});
    new Box({position: position}).addTo(map);
    return box;
  }

  // Leaflet focuses the map on mousedown, which scrolls the page to show the whole map; on
  // a half-visible map the click then lands on whatever has moved under the pointer.
  function focusWithoutScrolling(keyboard) {
    if (!keyboard) { return; }
    keyboard.disable();
    keyboard._onMouseDown = function () {
      if (!this._focused) { this._map._container.focus({preventScroll: true}); }
    };
    keyboard.enable();
  }

  // The stripes that a hatched status fills with (geo.map.payload.fill_style), as SVG
  // patterns in the map's vector layer, where the paths can refer to them by id.
  function hatchPatterns(map, hatches) {
    var svg = map.getPanes().overlayPane.querySelector("svg");
    if (!svg) { return; }
    var ns = "http://www.w3.org/2000/svg";
    var defs = document.createElementNS(ns, "defs");
    Object.keys(hatches).forEach(function (status) {
      var pattern = document.createElementNS(ns, "pattern");
      pattern.setAttribute("id", "hatch-" + status);
      pattern.setAttribute("patternUnits", "userSpaceOnUse");
      pattern.setAttribute("width", "8");
      pattern.setAttribute("height", "8");
      pattern.setAttribute("patternTransform", "rotate(45)");
      var ground = document.createElementNS(ns, "rect");
      ground.setAttribute("width", "8");
      ground.setAttribute("height", "8");
      ground.setAttribute("fill", "#fff");
      ground.setAttribute("fill-opacity", "0.6");
      var stripe = document.createElementNS(ns, "rect");
      stripe.setAttribute("width", "4");
      stripe.setAttribute("height", "8");
      stripe.setAttribute("fill", hatches[status]);
      pattern.appendChild(ground);
      pattern.appendChild(stripe);
      defs.appendChild(pattern);
    });
    svg.insertBefore(defs, svg.firstChild);
  }

  // Draws data on map; returns what controls it: show(day, selected) and its state.
  function draw(map, data) {
    var scale = data.scale;
    focusWithoutScrolling(map.keyboard);
    if (data.tiles) {
      L.tileLayer(data.tiles.url, {attribution: data.tiles.attribution, maxZoom: 18})
        .once("tileerror", function () {
          var box = notice(map, "bottomleft", "map-notice");
          box.setAttribute("role", "status");
          box.textContent = data.words.tileError;
        })
        .addTo(map);
    }
    L.geoJSON(collection(data.basemap.map(function (shape) { return {shape: shape}; }), scale),
              {interactive: false, style: data.basemapStyle}).addTo(map);
    var districts = collection(data.districts, scale);
    L.geoJSON(districts, {interactive: false, style: function (feature) {
      return data.outlineStyles[feature.properties.role];
    }}).addTo(map);
    var fills = Object.create(null);
    L.geoJSON(districts, {
      filter: function (feature) { return feature.properties.role !== "context"; },
      onEachFeature: function (feature, layer) {
        var id = feature.properties.id;
        fills[id] = layer;
        layer.viewStyle = {};
        layer.bindTooltip("", {sticky: true});
        layer.on("mouseover", function () { layer.setStyle(data.highlight); });
        layer.on("mouseout", function () { layer.setStyle(layer.viewStyle); });
        // Lets a reader's tools (and the tests) find a district's path.
        layer.on("add", function () { layer.getElement().setAttribute("data-district", id); });
      }
    }).addTo(map);
    hatchPatterns(map, data.hatches);
    var markers = Object.create(null);
    data.events.forEach(function (event) {
      var marker = L.circleMarker([event.lat, event.lon])
        .bindTooltip(textNode("span", event.tooltip), {sticky: true});
      marker.on("add", function () { marker.getElement().setAttribute("data-event", event.id); });
      markers[event.id] = marker;
    });
    data.labels.forEach(function (label) {
      L.marker([label.lat, label.lon], {
        interactive: false, keyboard: false,
        icon: L.divIcon({html: textNode("span", label.name, "label " + label.kind),
                         className: "district-label", iconSize: [0, 0]})
      }).addTo(map);
    });
    var dateBox = notice(map, "bottomleft", "map-shown-date");

    var schedule = data.schedule;
    // The view of the story day "day" with "selected" outlined (geo.map.payload.date_view).
    function viewOn(day, selected) {
      return {
        districts: schedule.districts.map(function (district) {
          var entry = district[1][day];
          return {id: district[0], style: schedule.styles[entry[district[0] === selected ? 1 : 0]],
                  tooltip: schedule.tips[entry[2]]};
        }),
        events: schedule.events.filter(function (event) {
          return event[1][day] >= 0;
        }).map(function (event) {
          return {id: event[0], style: schedule.styles[event[1][day]]};
        })
      };
    }

    function restyle(view) {
      view.districts.forEach(function (district) {
        var layer = fills[district.id];
        layer.viewStyle = district.style;
        layer.setStyle(district.style);
        layer.setTooltipContent(textNode("span", district.tooltip));
      });
      var shown = Object.create(null);
      view.events.forEach(function (event) {
        var marker = markers[event.id];
        shown[event.id] = true;
        marker.setStyle(event.style);
        if (!map.hasLayer(marker)) { marker.addTo(map); }
      });
      Object.keys(markers).forEach(function (id) {
        if (!shown[id]) { map.removeLayer(markers[id]); }
      });
    }

    var state = {day: null, selected: null};
    // Shows day "day" (an index into the story) with "selected" outlined, unless that is
    // shown already; a day that is not a number is ignored, one out of range is clamped.
    function show(day, selected) {
      if (typeof day !== "number" || !isFinite(day)) { return; }
      day = Math.max(0, Math.min(Math.round(day), schedule.days - 1));
      selected = typeof selected === "string" ? selected : null;
      if (day === state.day && selected === state.selected) { return; }
      state.day = day;
      state.selected = selected;
      restyle(viewOn(day, selected));
      dateBox.textContent = data.words.shows.replace("{date}", data.days[day]);
    }
    return {show: show, viewOn: viewOn, state: state, fills: fills, markers: markers,
            days: data.days};
  }

  // In the live page, the map's frame follows the page around it: the date slider as the
  // reader moves it (before the server has heard of the move), and the server's steps,
  // which the page writes into an attribute of one of its elements (geo.map.step). Where
  // the frame cannot reach the page, the map keeps its first view and says which date that
  // is, in its date box.
  function follow(map, follow) {
    var page = null;
    try {
      page = window.frameElement && window.frameElement.ownerDocument;
    } catch (error) {
      page = null;  // framed by a page of another origin
    }
    if (!page || !follow) { return; }
    var moved = {day: null, at: 0};  // the reader's last move of the slider
    function isSlider(element) {
      return Boolean(follow.slider && element && element.matches &&
                     element.matches(follow.slider));
    }
    // The slider's day, if its value reads as one: the story's first day is its minimum.
    function sliderMoved(input) {
      var step = Number(input.step) || 1;
      var day = Math.round((Number(input.value) - Number(input.min)) / step);
      if (!isFinite(day)) { return; }
      moved = {day: day, at: Date.now()};
      map.show(day, map.state.selected);
    }
    var selector = "[" + follow.step + "]", seen = null;
    // A step from the server, when the element carrying it appears or its step changes.
    function check() {
      var element = follow.step ? page.querySelector(selector) : null;
      var text = element && element.getAttribute(follow.step);
      if (!text || text === seen) { return; }
      seen = text;
      var step;
      try { step = JSON.parse(text); } catch (error) { return; }
      var day = step && step.day;
      // An answer to an earlier move, while the reader is still moving the slider: the
      // server will answer the latest move too; showing this one would jump back.
      if (moved.day !== null && day !== moved.day && Date.now() - moved.at < 1000) {
        day = moved.day;
      }
      map.show(day, step && step.selected);
    }
    // A drag fires input events; a key press does not: Streamlit's slider handles its keys
    // and sets the value from its script, which shows as a change of the value attribute.
    page.addEventListener("input", function (event) {
      if (isSlider(event.target)) { sliderMoved(event.target); }
    }, true);
    var watched = follow.step ? ["value", follow.step] : ["value"];
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        if (record.attributeName === "value" && isSlider(record.target)) {
          sliderMoved(record.target);
        }
      });
      check();
    }).observe(page.body, {subtree: true, childList: true, attributes: true,
                           attributeFilter: watched});
    check();
  }

  L.Map.addInitHook(function () {
    var block = document.getElementById("handover-map-data");
    if (!block || window.handoverMap) { return; }
    var view = JSON.parse(block.getAttribute("data-view"));
    var data = JSON.parse(block.textContent);
    // The frame's own document: its words and names are in the page's language.
    if (data.lang) { document.documentElement.lang = data.lang; }
    var handover = draw(this, data);
    handover.show(view.day, view.selected);
    follow(handover, view.follow);
    window.handoverMap = handover;
  });
}());
