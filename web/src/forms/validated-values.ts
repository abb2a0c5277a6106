/** The part of an antd form instance `validatedValues` uses. */
interface ValidatingForm<Values> {
  validateFields: () => Promise<Values>;
}

/** How many times a validation overtaken by a newer one is run again before giving up. */
const ATTEMPTS = 3;

/**
 * The form's values once they pass its rules, or null when they do not (antd shows the errors
 * under the fields). antd rejects a validation that a newer one overtook — a field's own
 * validation on change started after it — as `outOfDate`, with no error to show: awaited bare,
 * that made a click on "confirm" do nothing at all now and then. Such a validation is run again.
 */
export async function validatedValues<Values>(
  form: ValidatingForm<Values>,
): Promise<Values | null> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    try {
      return await form.validateFields();
    } catch (error) {
      if (!isOutOfDate(error)) return null;
    }
  }
  return null;
}

function isOutOfDate(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { outOfDate?: unknown }).outOfDate === true &&
    ((error as { errorFields?: unknown[] }).errorFields?.length ?? 0) === 0
  );
}
