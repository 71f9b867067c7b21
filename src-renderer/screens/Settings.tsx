/** Placeholder until the Settings screen lands (issue 10). */
export function Settings() {
  return (
    <section className="card" aria-label="Settings">
      <h2>Settings</h2>
      <p className="muted">This screen is being built.</p>
    </section>
  );
}
