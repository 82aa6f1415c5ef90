/** Browser mode opened without the address the server printed: say what to do. */
export function MissingToken() {
  return (
    <main className="shell" data-testid="missing-token">
      <h1>Eventlens</h1>
      <p role="alert">
        This page needs the address that <code>eventlens serve</code> (or <code>npm start</code>)
        printed — the one ending in <code>?token=…</code>. Open that address in this tab.
        {window.location.hash.length > 1 &&
          ' A link to a view (from "Copy link") opens in a browser that has opened that address once; open it again after that.'}
      </p>
    </main>
  );
}
