/** Placeholder until the Notifications screen lands (issue 10). */
export function Notifications() {
  return (
    <section className="card" aria-label="Notifications">
      <h2>Notifications</h2>
      <p className="muted">This screen is being built.</p>
    </section>
  );
}
