/** Placeholder until the Backups screen lands (issue 10). */
export function Backups() {
  return (
    <section className="card" aria-label="Backups">
      <h2>Backups</h2>
      <p className="muted">This screen is being built.</p>
    </section>
  );
}
