// The planmonitor's project map (Leaflet). Tiles only when the site configures a tile server
// (settings.KAART_TEGELS_URL); without one the markers show on a plain background, and the
// project list above the map holds the same projects.
(function () {
  "use strict";
  var element = document.getElementById("projectkaart");
  var data = document.getElementById("kaart-projecten");
  if (!element || !data || typeof L === "undefined") { return; }
  var projecten = JSON.parse(data.textContent);
  var kaart = L.map(element, { scrollWheelZoom: false });
  var tegels = element.getAttribute("data-tegels");
  if (tegels) {
    L.tileLayer(tegels, { maxZoom: 19, attribution: element.getAttribute("data-bron") || "" }).addTo(kaart);
  }
  var punten = [];
  projecten.forEach(function (p) {
    var punt = [p.lat, p.lon];
    punten.push(punt);
    var marker = L.circleMarker(punt, { radius: 8, color: "#0b5cad", weight: 2, fillOpacity: 0.6 }).addTo(kaart);
    var inhoud = document.createElement("span");
    if (p.url) {
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.code + " " + p.naam;
      inhoud.appendChild(link);
    } else {
      inhoud.textContent = p.code + " " + p.naam;
    }
    inhoud.appendChild(document.createTextNode(" (" + p.totaal + " woningen)"));
    marker.bindPopup(inhoud);
    marker.bindTooltip(p.code + " " + p.naam);
  });
  if (punten.length === 1) { kaart.setView(punten[0], 15); } else { kaart.fitBounds(punten, { padding: [20, 20] }); }
})();
