/** Placeholder until the Customers screen lands (issue 10). */
export function Customers() {
  return (
    <section className="card" aria-label="Customers">
      <h2>Customers</h2>
      <p className="muted">This screen is being built.</p>
    </section>
  );
}
