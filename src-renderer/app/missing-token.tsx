/** Browser mode opened without the address the server printed: say what to do. */
export function MissingToken() {
  return (
    <main className="shell" data-testid="missing-token">
      <h1>Eventlens</h1>
      <p role="alert">
        This page needs the address that <code>eventlens serve</code> (or <code>npm start</code>)
        printed — the one ending in <code>?token=…</code>. Open that address in this tab.
      </p>
    </main>
  );
}
