import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

export const INPUT = "block min-h-[2.375rem] w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-brand-500 disabled:bg-slate-50 disabled:text-slate-500 aria-invalid:ring-red-400";

// `id` defaults to the field's name; pass one when a page shows the same field twice.
type FieldProps = { label: string; name: string; id?: string; error?: string; hint?: string };

function describedBy(id: string, error?: string, hint?: string) {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

function FieldNote({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  if (error) return <p id={`${id}-error`} className="mt-1 text-sm text-red-600">{error}</p>;
  return hint ? <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p> : null;
}

export function TextField({ label, name, id = name, error, hint, ...props }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} className={INPUT} {...props} />
      <FieldNote id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextAreaField({ label, name, id = name, error, hint, ...props }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">{label}</label>
      <textarea id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} className={INPUT} {...props} />
      <FieldNote id={id} error={error} hint={hint} />
    </div>
  );
}

export function SelectField({ label, name, id = name, error, hint, options, ...props }: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">{label}</label>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} className={INPUT} {...props}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
      <FieldNote id={id} error={error} hint={hint} />
    </div>
  );
}

export function CheckboxField({ label, name, id = name, ...props }: Omit<FieldProps, "error" | "hint"> & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label htmlFor={id} className="inline-flex items-center gap-2 py-2 text-sm text-slate-700">
      <input id={id} name={name} type="checkbox" className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500" {...props} />
      {label}
    </label>
  );
}

/** When a change takes effect: a UTC hour (prices and products change on the hour), named `starting_at`. */
export function HourStartField({ defaultValue, hint, error }: { defaultValue?: string; hint: string; error?: string }) {
  return <TextField label="Takes effect (UTC, on the hour)" name="starting_at" type="datetime-local" step={3600} required defaultValue={defaultValue} hint={hint} error={error} />;
}
