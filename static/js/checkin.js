// Check-in page: ask the browser for the phone's location once, put it in the form's hidden
// fields, and never stand in the way: without permission, a fix or JavaScript the form still
// posts (the server then flags a WFO check-in "no location").
(() => {
  "use strict";
  const WAIT_ON_SUBMIT_MS = 10000; // the longest a tap on "Presensi masuk" waits for a fix
  const form = document.getElementById("form-presensi");
  if (!form) return;
  const status = document.getElementById("lokasi-status");
  const field = (name) => form.querySelector(`input[name="${name}"]`);
  const say = (text) => { status.textContent = text; };
  const LATER = " Anda tetap dapat presensi; presensi WFO akan ditandai \"tanpa lokasi\".";
  let pending = false;
  let onSettled = null;

  const settle = () => {
    pending = false;
    if (onSettled) onSettled();
  };

  if (!("geolocation" in navigator)) {
    say("Peramban ini tidak dapat memberikan lokasi." + LATER);
    return;
  }

  pending = true;
  say("Mencari lokasi Anda…");
  navigator.geolocation.getCurrentPosition(
    (position) => {
      const c = position.coords;
      field("latitude").value = c.latitude.toFixed(6);
      field("longitude").value = c.longitude.toFixed(6);
      field("accuracy").value = Math.round(c.accuracy);
      say(`Lokasi ditemukan (akurasi ± ${Math.round(c.accuracy)} m).`);
      settle();
    },
    (error) => {
      const reasons = {
        1: "Izin lokasi ditolak.",
        2: "Lokasi tidak tersedia.",
        3: "Waktu mencari lokasi habis.",
      };
      say((reasons[error.code] || "Lokasi tidak dapat dibaca.") + LATER);
      settle();
    },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
  );

  form.addEventListener("submit", (event) => {
    const button = form.querySelector("button[type=submit]");
    if (!pending) {
      button.disabled = true; // one tap, one check-in
      return;
    }
    event.preventDefault();
    button.disabled = true;
    say("Menunggu lokasi sebentar…");
    const send = () => {
      onSettled = null;
      form.submit();
    };
    onSettled = send;
    setTimeout(() => { if (onSettled) send(); }, WAIT_ON_SUBMIT_MS);
  });
})();
