/* global document, window */
// The hub's own people on its screen: the "Hub users" card (admins) and "Change my password"
// (everyone). hub.js hands in its api(), el() and keepSession(), so there is one way to call
// the hub and one session. Every text from the server goes in through textContent.

const $ = (id) => document.getElementById(id);

const ROLE_WORDS = { admin: 'Admin', manager: 'Manager' };

function when(iso) {
  if (!iso) return 'Never';
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** "a password needs…" → "A password needs….": the hub writes its messages for logs too. */
function sentence(text) {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * Shows a refusal in `errorId`, in words: each field's own message, marked on that field
 * (`fields` maps the API's field names to input ids), or the hub's sentence for a 403/409/429.
 */
function showRefusal(e, errorId, fields) {
  const inputs = Object.values(fields).map($);
  for (const input of inputs) input.removeAttribute('aria-invalid');
  const named = (e.issues ?? []).filter((i) => fields[i.path?.[0]]);
  if (e.status === 422 && named.length) {
    $(errorId).textContent = named.map((i) => sentence(i.message)).join(' ');
    for (const i of named) $(fields[i.path[0]]).setAttribute('aria-invalid', 'true');
    $(fields[named[0].path[0]]).focus();
    return;
  }
  $(errorId).textContent = sentence(e.message);
  const field = fields[e.details?.field];
  if (field) {
    $(field).setAttribute('aria-invalid', 'true');
    $(field).focus();
  }
}

export function hubUsersCard({ api, el, keepSession }) {
  let me = null;
  const addFields = {
    username: 'hub-user-username',
    displayName: 'hub-user-name',
    role: 'hub-user-role',
    password: 'hub-user-password',
  };
  const myFields = {
    currentPassword: 'my-current-password',
    newPassword: 'my-new-password',
  };

  function say(saved, error = '') {
    $('hub-users-saved').textContent = saved;
    $('hub-users-error').textContent = error;
  }

  /** One change to one user from the table; a refusal is said above the table. */
  async function change(u, path, body, done) {
    say('');
    try {
      const method = path ? 'POST' : 'PATCH';
      const saved = await api(
        method,
        `/hub/api/hub-users/${encodeURIComponent(u.id)}${path}`,
        body,
      );
      await load();
      say(done(saved));
    } catch (e) {
      say('', sentence(e.message));
    }
  }

  function actions(u) {
    const self = u.id === me?.id;
    const name = u.displayName;
    const toRole = u.role === 'admin' ? 'manager' : 'admin';
    const role = el('button', {
      type: 'button',
      class: 'small ghost',
      text: u.role === 'admin' ? 'Make manager' : 'Make admin',
      'aria-label': `Make ${name} ${toRole === 'admin' ? 'an admin' : 'a manager'}`,
    });
    role.addEventListener('click', () => {
      if (
        self &&
        !window.confirm('Make yourself a manager? You are signed out and lose the admin rights.')
      )
        return;
      void change(
        u,
        '',
        { role: toRole },
        (s) => `${s.displayName} is now ${s.role === 'admin' ? 'an admin' : 'a manager'}.`,
      );
    });
    // Your own access and password are not changed from here: another admin deactivates you,
    // and your password changes below with the current one.
    if (self) return [role];
    const active = u.active;
    const toggle = el('button', {
      type: 'button',
      class: active ? 'danger' : 'small',
      text: active ? 'Deactivate' : 'Reactivate',
      'aria-label': `${active ? 'Deactivate' : 'Reactivate'} ${name}`,
    });
    toggle.addEventListener(
      'click',
      () =>
        void change(u, '', { active: !active }, (s) =>
          s.active
            ? `${s.displayName} can sign in again.`
            : `${s.displayName} is deactivated and signed out everywhere.`,
        ),
    );
    const password = el('input', {
      type: 'password',
      class: 'password',
      autocomplete: 'new-password',
      placeholder: 'New password',
      'aria-label': `New password for ${name}`,
    });
    const set = el('button', {
      type: 'button',
      class: 'small',
      text: 'Set password',
      'aria-label': `Set password for ${name}`,
    });
    set.addEventListener('click', () => {
      if (password.value.length < 8) {
        say('', `The new password for ${name} needs at least 8 characters.`);
        password.focus();
        return;
      }
      void change(
        u,
        '/password',
        { password: password.value },
        (s) => `New password set for ${s.displayName}; their sign-ins have ended.`,
      );
    });
    return [role, toggle, password, set];
  }

  async function load() {
    try {
      const { users } = await api('GET', '/hub/api/hub-users');
      const rows = users.map((u) =>
        el(
          'tr',
          {},
          el('td', { text: u.id === me?.id ? `${u.displayName} (you)` : u.displayName }),
          el('td', { text: u.username }),
          el('td', { text: ROLE_WORDS[u.role] ?? u.role }),
          el(
            'td',
            {},
            el('span', {
              class: `badge ${u.active ? 'active' : 'deactivated'}`,
              text: u.active ? 'Active' : 'Deactivated',
            }),
          ),
          el('td', { text: when(u.lastSignInAt) }),
          el('td', {}, el('div', { class: 'row-actions' }, ...actions(u))),
        ),
      );
      $('hub-users').replaceChildren(...rows);
    } catch (e) {
      say('', sentence(e.message));
    }
  }

  $('add-hub-user').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    say('');
    $('add-hub-user-error').textContent = '';
    const displayName = $('hub-user-name').value.trim();
    try {
      const u = await api('POST', '/hub/api/hub-users', {
        username: $('hub-user-username').value.trim(),
        ...(displayName ? { displayName } : {}),
        role: $('hub-user-role').value,
        password: $('hub-user-password').value,
      });
      for (const id of Object.values(addFields)) $(id).removeAttribute('aria-invalid');
      for (const id of ['hub-user-username', 'hub-user-name', 'hub-user-password'])
        $(id).value = '';
      await load();
      say(`Added ${u.displayName} (${ROLE_WORDS[u.role]}); they sign in with that password.`);
    } catch (e) {
      showRefusal(e, 'add-hub-user-error', addFields);
    }
  });

  $('my-password').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('my-password-error').textContent = '';
    $('my-password-saved').textContent = '';
    const current = $('my-current-password').value;
    const next = $('my-new-password').value;
    if (next !== $('my-new-password-again').value) {
      $('my-password-error').textContent = 'The two new passwords are not the same.';
      $('my-new-password-again').setAttribute('aria-invalid', 'true');
      $('my-new-password-again').focus();
      return;
    }
    $('my-new-password-again').removeAttribute('aria-invalid');
    try {
      const r = await api('POST', '/hub/api/me/password', {
        currentPassword: current,
        newPassword: next,
      });
      keepSession(r);
      me = r.user;
      for (const id of [...Object.values(myFields), 'my-new-password-again']) {
        $(id).value = '';
        $(id).removeAttribute('aria-invalid');
      }
      $('my-password-saved').textContent =
        'Password changed. You stay signed in here; your other sign-ins have ended.';
    } catch (e) {
      showRefusal(e, 'my-password-error', myFields);
    }
  });

  return {
    show(user) {
      me = user;
      const admin = user.role === 'admin';
      $('hub-users-card').hidden = !admin;
      if (admin) void load();
    },
    /** Whoever signs in next sees nothing of the last person's. */
    clear() {
      me = null;
      $('hub-users-card').hidden = true;
      $('hub-users').replaceChildren();
      say('');
      for (const id of ['add-hub-user-error', 'my-password-error', 'my-password-saved'])
        $(id).textContent = '';
      for (const id of [
        ...Object.values(addFields),
        ...Object.values(myFields),
        'my-new-password-again',
      ]) {
        if (id !== 'hub-user-role') $(id).value = '';
        $(id).removeAttribute('aria-invalid');
      }
    },
  };
}
