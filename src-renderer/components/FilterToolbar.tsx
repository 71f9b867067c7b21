/** A list screen's heading with one "All / …" filter and a Refresh button. */
export function FilterToolbar<T extends string>(props: {
  title: string;
  label: string;
  value: T | '';
  options: readonly T[];
  optionLabel?: (value: T) => string;
  onChange: (value: T | '') => void;
  onRefresh: () => void;
}) {
  const { title, label, value, options, optionLabel, onChange, onRefresh } = props;
  return (
    <div className="toolbar">
      <h2>{title}</h2>
      <label className="inline">
        {label}
        <select value={value} onChange={(e) => onChange(e.target.value as T | '')}>
          <option value="">All</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {optionLabel ? optionLabel(o) : o}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="ghost" onClick={onRefresh}>
        Refresh
      </button>
    </div>
  );
}
