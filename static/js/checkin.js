// Check-in page. Three jobs, none of which may stand in the way of a check-in:
// 1. ask the browser for the phone's location once and put it in the form's hidden fields
//    (without permission, a fix or JavaScript the form still posts: the server then flags a WFO
//    check-in "no location");
// 2. keep a tap made without network on the phone (static/js/checkin-queue.js) and send it when
//    the network returns: at once, on the `online` event, on every load of this page, with the
//    "Kirim sekarang" button, and from the service worker (Background Sync) where the browser
//    has it; until the server confirms, the page says "tersimpan di ponsel, belum terkirim";
// 3. register the service worker that keeps this page and its assets for use without network.
(() => {
  "use strict";
  const WAIT_ON_SUBMIT_MS = 10000; // the longest a tap on "Presensi masuk" waits for a fix
  const root = document.getElementById("presensi");
  if (!root) return;
  const Queue = window.indexedDB && window.WfaPresensi;
  const panel = document.getElementById("presensi-tersimpan");
  const list = document.getElementById("tersimpan-daftar");
  const sendNow = document.getElementById("kirim-sekarang");
  const form = document.getElementById("form-presensi");
  const status = document.getElementById("lokasi-status");
  const say = (text) => { if (status) status.textContent = text; };
  const zone = root.dataset.zone || "";

  // The server's clock, as the page last saw it online: a tap's time is the phone's clock
  // corrected by this difference (a page shown from the phone's copy uses the last one known).
  const fresh = root.dataset.fresh === "1";
  let offset = Number(localStorage.getItem("presensi-selisih-jam") || 0);
  if (fresh && root.dataset.serverNow) {
    offset = Number(root.dataset.serverNow) - Date.now();
    localStorage.setItem("presensi-selisih-jam", String(offset));
  }
  const serverNow = () => Date.now() + offset;
  const clock = (iso) => new Date(iso).toLocaleTimeString("id-ID", {
    hour: "2-digit", minute: "2-digit", timeZone: root.dataset.tz || undefined,
  }).replace(":", ".");

  const done = sessionStorage.getItem("presensi-pesan");
  if (done) {
    sessionStorage.removeItem("presensi-pesan");
    const note = document.getElementById("presensi-terkirim");
    if (note) { note.textContent = done; note.hidden = false; }
  }

  if ("serviceWorker" in navigator && root.dataset.swUrl) {
    navigator.serviceWorker.register(root.dataset.swUrl).catch(() => {});
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "presensi") settle(event.data.results || []);
    });
  }

  // ---- the queue on the phone -------------------------------------------------------------
  async function render() {
    if (!Queue || !panel) return [];
    const taps = await Queue.all();
    list.replaceChildren();
    let waiting = 0;
    for (const tap of taps) {
      const item = document.createElement("li");
      item.className = "mb-1";
      const when = `${clock(tap.payload.device_at)} ${zone}`;
      if (tap.refused) {
        item.textContent = `Presensi ${tap.payload.mode} pukul ${when} tidak diterima: ${tap.refused} `;
        const close = document.createElement("button");
        close.type = "button";
        close.className = "btn btn-sm btn-outline-secondary";
        close.textContent = "Tutup";
        close.addEventListener("click", () => Queue.remove(tap.key).then(render));
        item.append(close);
      } else {
        waiting += 1;
        item.textContent = `Presensi ${tap.payload.mode} pukul ${when}: tersimpan di ponsel, belum terkirim.`;
      }
      list.append(item);
    }
    panel.hidden = taps.length === 0;
    sendNow.hidden = waiting === 0;
    if (form && waiting) form.hidden = true; // one tap a day: the stored one counts
    return taps;
  }

  function settle(results) {
    const sent = results.find((r) => r.state === "ok");
    if (sent) {
      sessionStorage.setItem("presensi-pesan", sent.message);
      window.location.reload();
      return;
    }
    const login = results.find((r) => r.state === "login");
    const note = document.getElementById("tersimpan-keterangan");
    if (login && note) note.textContent = login.message;
    else if (results.some((r) => r.state === "later") && note) {
      note.textContent = "Belum ada jaringan. Presensi dikirim otomatis saat jaringan kembali.";
    }
    render();
  }

  let flushing = false;
  async function flush() {
    if (!Queue || flushing) return;
    flushing = true;
    try { settle(await Queue.flush()); } finally { flushing = false; }
  }

  if (Queue) {
    render().then(flush);
    window.addEventListener("online", flush);
    sendNow.addEventListener("click", flush);
  }

  if (!form) return;

  // ---- the location -------------------------------------------------------------------------
  const field = (name) => form.querySelector(`input[name="${name}"]`);
  const LATER = " Anda tetap dapat presensi; presensi WFO akan ditandai \"tanpa lokasi\".";
  let pending = false;
  let onSettled = null;
  const located = () => {
    pending = false;
    if (onSettled) onSettled();
  };
  if (!fresh && root.dataset.date) {
    const today = new Date(serverNow()).toLocaleDateString("en-CA", { timeZone: root.dataset.tz });
    if (today !== root.dataset.date) {
      form.hidden = true;
      say("Halaman ini tersimpan dari hari lain. Presensi hari ini perlu jaringan sekali untuk membuka halaman presensi.");
      return;
    }
  }
  if ("geolocation" in navigator) {
    pending = true;
    say("Mencari lokasi Anda…");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const c = position.coords;
        field("latitude").value = c.latitude.toFixed(6);
        field("longitude").value = c.longitude.toFixed(6);
        field("accuracy").value = Math.round(c.accuracy);
        say(`Lokasi ditemukan (akurasi ± ${Math.round(c.accuracy)} m).`);
        located();
      },
      (error) => {
        const reasons = {
          1: "Izin lokasi ditolak.",
          2: "Lokasi tidak tersedia.",
          3: "Waktu mencari lokasi habis.",
        };
        say((reasons[error.code] || "Lokasi tidak dapat dibaca.") + LATER);
        located();
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  } else {
    say("Peramban ini tidak dapat memberikan lokasi." + LATER);
  }

  // ---- the tap ------------------------------------------------------------------------------
  const newKey = () => (crypto.randomUUID ? crypto.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
      (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16)));

  async function keep(tappedAt) {
    const data = new FormData(form);
    const tap = {
      key: newKey(),
      url: root.dataset.sendUrl,
      saved_at: Date.now(),
      payload: {
        token: root.dataset.token,
        device_at: new Date(tappedAt + offset).toISOString(),
        mode: data.get("mode") || "",
        place: data.get("place") || "",
        latitude: data.get("latitude") || "",
        longitude: data.get("longitude") || "",
        accuracy: data.get("accuracy") || "",
      },
    };
    tap.payload.key = tap.key;
    await Queue.put(tap);
    form.hidden = true;
    await render();
    const result = await Queue.send(tap);
    if (result.state === "later" && "serviceWorker" in navigator) {
      navigator.serviceWorker.ready
        .then((registration) => registration.sync && registration.sync.register("presensi"))
        .catch(() => {});
    }
    settle([result]);
  }

  form.addEventListener("submit", (event) => {
    const button = form.querySelector("button[type=submit]");
    const tappedAt = Date.now(); // the moment of the tap, before any wait for the location
    const offline = Queue && root.dataset.token;
    if (!pending && !offline) {
      button.disabled = true; // one tap, one check-in (the plain form post)
      return;
    }
    event.preventDefault();
    button.disabled = true;
    const go = () => {
      onSettled = null;
      if (offline) {
        keep(tappedAt).catch(() => form.submit()); // no storage on this phone: post the form
      } else {
        form.submit();
      }
    };
    if (!pending) { go(); return; }
    say("Menunggu lokasi sebentar…");
    onSettled = go;
    setTimeout(() => { if (onSettled) go(); }, WAIT_ON_SUBMIT_MS);
  });
})();
