/* global self */
/*
 * Countertop's service worker: only here so the browser can deliver Web Push (section 8). It
 * caches nothing. A push shows the notification the server sent; a click opens the
 * Notifications screen (or focuses the tab already showing Countertop).
 */
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: event.data ? event.data.text() : 'Countertop' };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || 'Countertop', {
      body: data.body || '',
      tag: data.id,
      requireInteraction: data.level === 'critical',
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL('./#/notifications', self.registration.scope).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((all) => {
      const open = all.find((c) => c.url.startsWith(self.registration.scope));
      if (open) {
        open.navigate(target);
        return open.focus();
      }
      return self.clients.openWindow(target);
    }),
  );
});
