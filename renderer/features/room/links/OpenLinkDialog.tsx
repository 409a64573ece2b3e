import { useEffect, useRef } from 'react';
import { useQuorum } from '../../../store';
import { Dialog } from '../../common/Dialog';
import { realHost } from './findLinks';

/**
 * Asks before a link from a message opens (in a browser tab on the headless host; the desktop app
 * asks natively, in main.ts), showing the host it really goes to: a link's words can say anything.
 * Nothing is fetched from it here, before or after.
 */
export function OpenLinkDialog() {
  const url = useQuorum((s) => s.linkToOpen);
  const askToOpen = useQuorum((s) => s.askToOpen);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (url && !dialog.current?.open) dialog.current?.showModal();
  }, [url]);

  const open = () => {
    if (url) window.open(url, '_blank', 'noopener,noreferrer');
    dialog.current?.close();
  };

  return (
    <Dialog ref={dialog} id="open-link" title="Open this link?" onClose={() => askToOpen(null)}>
      {url && (
        <>
          <p>
            It goes to <strong className="link-host">{realHost(url)}</strong>, in your browser.
          </p>
          <p className="link-url hint">{url}</p>
        </>
      )}
      <div className="actions">
        <button type="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={open}>
          Open in browser
        </button>
      </div>
    </Dialog>
  );
}
