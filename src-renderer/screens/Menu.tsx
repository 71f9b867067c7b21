/** Placeholder until the Menu screen lands (issue 10). */
export function Menu() {
  return (
    <section className="card" aria-label="Menu">
      <h2>Menu</h2>
      <p className="muted">This screen is being built.</p>
    </section>
  );
}
