/** A failure in words, announced to screen readers. */
export function ErrorText({ error, id }: { error: string | null; id?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="error" id={id}>
      {error}
    </p>
  );
}
