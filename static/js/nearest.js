// Public feedback page: "Layanan terdekat" asks the browser for a position once, rounds it to
// about 1 km and sends it with the search form. Nothing is stored; without JavaScript the
// button stays hidden and the search works as before.
(() => {
  "use strict";
  const button = document.getElementById("cari-terdekat");
  const form = document.getElementById("cari-form");
  if (!button || !form || !("geolocation" in navigator)) return;
  const status = document.getElementById("terdekat-status");
  const field = (name) => form.querySelector(`input[name="${name}"]`);
  button.hidden = false;
  button.addEventListener("click", () => {
    status.textContent = "Mencari lokasi Anda…";
    navigator.geolocation.getCurrentPosition(
      (position) => {
        field("lat").value = position.coords.latitude.toFixed(2);
        field("lon").value = position.coords.longitude.toFixed(2);
        field("q").value = "";
        form.submit();
      },
      () => {
        status.textContent = "Lokasi tidak tersedia. Silakan cari dengan nama layanan.";
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 },
    );
  });
})();
