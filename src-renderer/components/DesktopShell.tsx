import { useEffect, useState } from 'react';
import type { ShellEvent } from '../../src-shared/desktop-channels';
import type { LanAddress as LanAddressInfo } from '../../src-shared/contract/terminal';
import type { Client } from '../api/client';
import { desktopShell } from '../lib/desktop';
import { Dialog } from './Dialog';
import './desktop.css';

type Notice = { tone: 'busy' | 'ok' | 'bad'; text: string };

/**
 * What the desktop app's menu says to the window: the backup's progress and where the file went,
 * a restore that signed everyone out, a screen to open. Nothing shows in a browser.
 */
export function DesktopNotices({ onSignedOut }: { onSignedOut(message: string): void }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  useEffect(() => {
    const shell = desktopShell();
    if (!shell) return;
    let live = true;
    shell.onShellEvent((e: ShellEvent) => {
      if (!live) return;
      if (e.type === 'backup')
        setNotice({
          tone: e.state === 'running' ? 'busy' : e.state === 'done' ? 'ok' : 'bad',
          text: e.message,
        });
      else if (e.type === 'signed-out') {
        // The sign-in form shows why (the same place as a restore from the Backups screen).
        setNotice(null);
        onSignedOut(e.message);
      } else if (e.type === 'navigate') location.hash = `#/${e.screen}`;
    });
    return () => {
      live = false;
    };
  }, [onSignedOut]);
  if (!notice) return null;
  return (
    <div
      className={`desktop-notice ${notice.tone}`}
      role={notice.tone === 'bad' ? 'alert' : 'status'}
    >
      <span>{notice.text}</span>
      {notice.tone !== 'busy' && (
        <button type="button" className="ghost" onClick={() => setNotice(null)}>
          Dismiss
        </button>
      )}
    </div>
  );
}

/**
 * The address kitchen displays on this network open, with its QR code, while the desktop app's
 * LAN server runs. Polled, since the setting can change on the Hardware screen or by env; the
 * Hardware screen passes what it loaded instead (`given`), over any transport.
 */
export function LanAddress({ client, given }: { client: Client; given?: LanAddressInfo | null }) {
  const [polled, setInfo] = useState<LanAddressInfo | null>(null);
  const [showQr, setShowQr] = useState(false);
  const polling = given === undefined;
  const info = polling ? polled : given;
  useEffect(() => {
    if (!polling || client.transport.kind !== 'ipc') return;
    let live = true;
    const load = () =>
      client.getLanAddress({}).then(
        (a) => live && setInfo(a),
        () => live && setInfo(null),
      );
    void load();
    const t = setInterval(load, 5000);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [client, polling]);
  const lan = info?.lanServer;
  if (!lan || lan.state === 'off') return null;
  if (lan.state !== 'listening')
    return (
      <div className="lan-address bad" role="status">
        Kitchen displays cannot connect: {lan.problem ?? 'the LAN server is starting'}
      </div>
    );
  const url = lan.urls[0] ?? '';
  return (
    <div className="lan-address" role="status" aria-label="Kitchen display address">
      <span>
        Kitchen displays on this network: open <strong className="lan-url">{url}</strong>
      </span>
      {info?.qrSvg && (
        <button type="button" className="ghost" onClick={() => setShowQr(true)}>
          Show QR code
        </button>
      )}
      {showQr && info?.qrSvg && (
        <Dialog title="Kitchen display address" onClose={() => setShowQr(false)}>
          <img
            className="lan-qr"
            alt={`QR code of ${url}`}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(info.qrSvg)}`}
          />
          <p className="center">
            Scan it with the kitchen tablet, or type <strong>{url}</strong>
          </p>
        </Dialog>
      )}
    </div>
  );
}
