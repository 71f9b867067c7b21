/** Placeholder until the Hardware screen lands (issue 10). */
export function Hardware() {
  return (
    <section className="card" aria-label="Hardware">
      <h2>Hardware</h2>
      <p className="muted">This screen is being built.</p>
    </section>
  );
}
