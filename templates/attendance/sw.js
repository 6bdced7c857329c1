{% load static %}// The check-in page's service worker (attendance/views/checkin.py: service_worker), scope /presensi/.
// - Keeps a copy of the check-in page each time it loads online, and shows that copy when the
//   network is gone (marked data-fresh="0", so the page knows its clock and token are older).
// - Keeps the page's assets (static files) and serves them from the copy first.
// - Sends the taps stored on the phone (static/js/checkin-queue.js) when Background Sync says the
//   network is back, and tells the open page how it went.
importScripts("{% static 'js/checkin-queue.js' %}");
const CACHE = "wfa-presensi-1";
const PAGE = "{% url 'attendance:check_in_page' %}";
const STATIC = "{% get_static_prefix %}";
const ASSETS = [
  "{% static 'vendor/bootstrap/css/bootstrap.min.css' %}",
  "{% static 'css/portal.css' %}",
  "{% static 'js/checkin-queue.js' %}",
  "{% static 'js/checkin.js' %}",
  "{% static 'js/nav.js' %}",
  "{% static 'js/busy.js' %}",
];

// The page as it is now, kept unless the answer is not the page itself (signed out: the login).
async function keepPage(cache) {
  try {
    const response = await fetch(PAGE, { credentials: "same-origin" });
    if (response.ok && !response.redirected) await cache.put(PAGE, response);
  } catch (error) { /* without network there is nothing new to keep */ }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => Promise.all([cache.addAll(ASSETS), keepPage(cache)]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await cache.put(PAGE, response.clone());
    return response;
  } catch (error) {
    const copy = await cache.match(PAGE);
    if (!copy) throw error;
    const text = (await copy.text()).replace('data-fresh="1"', 'data-fresh="0"');
    return new Response(text, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const copy = await cache.match(request);
  if (copy) return copy;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === PAGE) event.respondWith(page(request));
  else if (url.pathname.startsWith(STATIC)) event.respondWith(asset(request));
});

async function sendQueue() {
  const results = await self.WfaPresensi.flush();
  const pages = await self.clients.matchAll({ type: "window" });
  for (const client of pages) client.postMessage({ type: "presensi", results });
  if (results.some((result) => result.state === "later")) throw new Error("belum terkirim");
}

self.addEventListener("sync", (event) => {
  if (event.tag === "presensi") event.waitUntil(sendQueue());
});
