import { css } from 'lit';

/** Typography, tables, buttons and badges shared by every element. */
export const sharedStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  a {
    color: var(--accent);
    text-underline-offset: 2px;
  }
  :focus-visible {
    outline: 2px solid var(--accent);
    outline-offset: 2px;
  }
  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin: 0 0 0.5rem;
  }
  h1 {
    font-size: 1.6rem;
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 1.2rem;
    margin-top: 1.75rem;
  }
  h3 {
    font-size: 1rem;
    margin-top: 1.25rem;
  }
  p {
    margin: 0 0 0.75rem;
  }
  code,
  pre,
  kbd {
    font-family: var(--mono);
    font-size: 0.85em;
  }
  kbd {
    border: 1px solid var(--border);
    border-bottom-width: 2px;
    border-radius: 4px;
    padding: 0 0.3em;
    background: var(--surface);
  }
  .muted {
    color: var(--muted);
  }
  .card {
    background: var(--surface);
    border: 1px solid var(--border);
    border-radius: var(--radius);
    padding: 1rem;
  }
  .table-scroll {
    overflow-x: auto;
    max-width: 100%;
    -webkit-overflow-scrolling: touch;
  }
  /* Numbers and dates never wrap inside a cell. */
  table.data td.number,
  table.data td.nowrap {
    white-space: nowrap;
  }
  table.data {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.875rem;
  }
  table.data th,
  table.data td {
    text-align: left;
    padding: 0.4rem 0.6rem;
    border-bottom: 1px solid var(--border);
    vertical-align: top;
  }
  table.data th {
    font-weight: 600;
    color: var(--muted);
    background: var(--surface-2);
  }
  /* On a phone, tighter cells keep more columns in view. */
  @media (max-width: 480px) {
    table.data {
      font-size: 0.8rem;
    }
    table.data th,
    table.data td {
      padding: 0.35rem 0.3rem;
    }
  }
  button,
  .button {
    font: inherit;
    font-size: 0.9rem;
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    padding: 0.4rem 0.8rem;
    border-radius: 6px;
    border: 1px solid var(--border);
    background: var(--surface);
    color: var(--text);
    cursor: pointer;
    text-decoration: none;
    min-height: 2.25rem;
  }
  button.primary,
  .button.primary {
    background: var(--accent);
    border-color: var(--accent);
    color: var(--on-accent);
  }
  button:disabled,
  button[aria-disabled='true'] {
    opacity: 0.55;
    cursor: default;
  }
  input,
  select,
  textarea {
    font: inherit;
    font-size: 0.95rem;
    color: var(--text);
    background: var(--surface);
    border: 1px solid var(--border);
    border-radius: 6px;
    padding: 0.4rem 0.6rem;
    min-height: 2.25rem;
    max-width: 100%;
  }
  input[type='checkbox'],
  input[type='radio'] {
    min-height: 0;
    padding: 0;
    width: 1rem;
    height: 1rem;
    margin: 0;
    accent-color: var(--accent);
  }
  .tag {
    display: inline-block;
    font-size: 0.75rem;
    padding: 0.05rem 0.45rem;
    border-radius: 999px;
    background: var(--surface-2);
    color: var(--muted);
    border: 1px solid var(--border);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .page {
    max-width: var(--page-width);
    margin: 0 auto;
    padding: 1.25rem 1rem 3rem;
  }
  .layer-dot {
    display: inline-block;
    width: 0.65rem;
    height: 0.65rem;
    border-radius: 50%;
    margin-right: 0.3rem;
    vertical-align: baseline;
  }
  @media (max-width: 600px) {
    .page {
      padding: 1rem 0.75rem 2.5rem;
    }
    h1 {
      font-size: 1.35rem;
    }
  }
`;

/** The colour of a lineage lane, as a CSS value. */
export function layerColor(layer: string): string {
  return `var(--layer-${layer})`;
}

/** The colour of a status, as a CSS value. */
export function statusColor(status: string): string {
  return `var(--${status === 'not run' ? 'untested' : status})`;
}
