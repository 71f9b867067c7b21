/** A big-button PIN pad for a touch screen; the digits go to the PIN field it belongs to. */
export function PinPad({ value, onChange }: { value: string; onChange(v: string): void }) {
  const press = (d: string) => value.length < 8 && onChange(value + d);
  return (
    <div className="pinpad" role="group" aria-label="PIN pad">
      {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
        <button type="button" key={d} onClick={() => press(d)}>
          {d}
        </button>
      ))}
      <button type="button" aria-label="Clear PIN" onClick={() => onChange('')}>
        C
      </button>
      <button type="button" onClick={() => press('0')}>
        0
      </button>
      <button
        type="button"
        aria-label="Delete last digit"
        onClick={() => onChange(value.slice(0, -1))}
      >
        ⌫
      </button>
    </div>
  );
}
