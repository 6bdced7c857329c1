// The phone's queue of check-in taps made without network, kept in IndexedDB until the server
// confirms them. Shared by the check-in page (static/js/checkin.js) and its service worker
// (templates/attendance/sw.js), which sends the queue when the network returns.
//
// A tap is {key, url, payload, saved_at, refused?}: `key` is the phone's UUID for it (the server
// keeps it unique, so sending a tap twice never makes two check-ins) and `payload` what is
// POSTed as JSON to `url` (attendance/views/checkin.py: check_in_queued). A tap the server
// refuses for good stays with its `refused` message until the employee has read it.
(function (scope) {
  "use strict";
  const DB = "wfa-presensi";
  const STORE = "taps";

  const open = () => new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

  const run = (mode, work) => open().then((db) => new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => { db.close(); resolve(request.result); };
    transaction.onerror = () => { db.close(); reject(transaction.error); };
  }));

  const put = (tap) => run("readwrite", (store) => store.put(tap));
  const remove = (key) => run("readwrite", (store) => store.delete(key));
  const all = () => run("readonly", (store) => store.getAll());

  // Send one tap. Its state afterwards: "ok" (recorded now or before: removed from the queue),
  // "refused" (never accepted: kept with the reason to show), "login" (signed out: kept),
  // "later" (no network, or the server could not answer: kept, sent again later).
  async function send(tap) {
    let response;
    let body;
    try {
      response = await fetch(tap.url, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(tap.payload),
      });
      body = await response.json();
    } catch (error) {
      return { state: "later" };
    }
    if (response.status === 200 && body.status === "ok") {
      await remove(tap.key);
      return { state: "ok", message: body.message };
    }
    if (response.status === 401) return { state: "login", message: body.message };
    if (response.status >= 400 && response.status < 500 && body.status === "refused") {
      await put({ ...tap, refused: body.message });
      return { state: "refused", message: body.message };
    }
    return { state: "later" };
  }

  // Send every tap still waiting; one at a time, oldest first.
  async function flush() {
    const taps = (await all()).filter((tap) => !tap.refused);
    taps.sort((a, b) => a.saved_at - b.saved_at);
    const results = [];
    for (const tap of taps) results.push({ key: tap.key, ...(await send(tap)) });
    return results;
  }

  scope.WfaPresensi = { put, remove, all, send, flush };
})(self);
