/** Placeholder until the Staff screen lands (issue 10). */
export function Staff() {
  return (
    <section className="card" aria-label="Staff">
      <h2>Staff</h2>
      <p className="muted">This screen is being built.</p>
    </section>
  );
}
