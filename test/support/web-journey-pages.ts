import type { Locator, Page, Response } from 'playwright-core';
import { expect } from 'vitest';
import { choose, fenOn, pdf, watchPage, type ApiSession } from './web-page-helpers.ts';

/**
 * What the Hangzhou journey reads off the pages after each step (the grant's and the program's
 * balances), each checked against the ledger's figures from the API; finding an item in the
 * review queue by turning its pages; and the enterprise's claim form and evidence uploads.
 */

export interface GrantFigures {
  committedFen: bigint;
  inFlightFen: bigint;
  settledFen: bigint;
}

export interface BudgetFigures {
  remainingFen: bigint;
  settledFen: bigint;
  paidOutFen: bigint;
}

/** The program's budget on the operator's dashboard, equal to the ledger's (else it fails). */
export async function dashboardFiguresOn(
  operator: Page,
  ledger: ApiSession,
  programId: string,
): Promise<BudgetFigures> {
  await operator.goto(`/operator/dashboard?program=${programId}`);
  await operator.getByTestId('budget-remainingFen').waitFor();
  const shown = {
    remainingFen: await fenOn(operator, 'budget-remainingFen'),
    settledFen: await fenOn(operator, 'budget-settledFen'),
    paidOutFen: await fenOn(operator, 'budget-paidOutFen'),
  };
  const budget = await ledger.get<Record<keyof BudgetFigures, string>>(
    `/api/v1/programs/${programId}/budget`,
  );
  expect(shown).toEqual({
    remainingFen: BigInt(budget.remainingFen),
    settledFen: BigInt(budget.settledFen),
    paidOutFen: BigInt(budget.paidOutFen),
  });
  return shown;
}

/** One grant's balances on the enterprise's grants page, equal to the ledger's. */
export async function grantFiguresOn(
  enterprise: Page,
  ledger: ApiSession,
  grantId: string,
): Promise<GrantFigures> {
  await enterprise.goto('/enterprise/grants');
  const row = `tr[data-row-key="${grantId}"]`;
  await enterprise.locator(row).waitFor();
  const shown = {
    committedFen: await fenOn(enterprise, 'grant-committedFen', row),
    inFlightFen: await fenOn(enterprise, 'grant-inFlightFen', row),
    settledFen: await fenOn(enterprise, 'grant-settledFen', row),
  };
  const grant = await ledger.get<Record<keyof GrantFigures, string>>(`/api/v1/grants/${grantId}`);
  expect(shown).toEqual({
    committedFen: BigInt(grant.committedFen),
    inFlightFen: BigInt(grant.inFlightFen),
    settledFen: BigInt(grant.settledFen),
  });
  return shown;
}

/** Turns the review queue's pages (its pagination control) until `row` is on the page shown. */
export async function findInQueue(page: Page, row: Locator): Promise<void> {
  const queue = page.getByTestId('review-queue');
  await queue.locator('tbody tr.ant-table-row').first().waitFor();
  for (let turned = 0; (await row.count()) === 0; turned += 1) {
    expect(turned, 'the row is on none of the pages').toBeLessThan(10);
    await queue.locator('.ant-pagination-next').click();
    await page.waitForLoadState('networkidle');
  }
}

/**
 * Clicks the open decision's confirm button and returns the answer to its POST to a URL ending
 * in `path`. When no such POST is sent in time, fails with what the dialog showed (its fields,
 * their errors), the requests the page did send and the page's errors, so a failure under load
 * says why.
 */
export async function confirmDecision(page: Page, path: string): Promise<Response> {
  const watch = watchPage(page);
  try {
    const [answer] = await Promise.all([
      page.waitForResponse(
        (response) => response.request().method() === 'POST' && response.url().endsWith(path),
        { timeout: DECISION_TIMEOUT_MS },
      ),
      page.getByTestId('confirm-decision').click(),
    ]);
    return answer;
  } catch (error) {
    const dialog = await page
      .locator('.ant-modal')
      .evaluateAll((modals) =>
        modals.map((modal) => {
          const fields = Array.from(modal.querySelectorAll('input, textarea')).map(
            (field) =>
              `${field.getAttribute('data-testid') ?? '?'}=${(field as HTMLInputElement).value}`,
          );
          return `${modal.textContent} [${fields.join(', ')}]`;
        }),
      )
      .catch((caught: unknown) => [String(caught)]);
    throw new Error(
      `no POST …${path} was answered: dialogs ${JSON.stringify(dialog)}; other requests sent ${JSON.stringify(watch.sent)}; page errors ${JSON.stringify(watch.errors)}`,
      { cause: error },
    );
  } finally {
    watch.stop();
  }
}

const DECISION_TIMEOUT_MS = 20_000;

/** Fills the enterprise's new-claim form (a domestic-compute purchase) and sends it. */
export async function fillClaimForm(
  enterprise: Page,
  claim: { grantId: string; provider: string; contractId: string; yuan: string; signedOn?: string },
): Promise<void> {
  await enterprise.goto('/enterprise/claims');
  await choose(enterprise, 'claim-grant', claim.grantId.slice(0, 8));
  await choose(enterprise, 'claim-provider', claim.provider);
  await enterprise.getByTestId('claim-contract-id').fill(claim.contractId);
  if (claim.signedOn !== undefined) {
    await enterprise.getByTestId('claim-signed-on').fill(claim.signedOn);
  }
  await enterprise.getByTestId('claim-contract-amount').fill(claim.yuan);
  await enterprise.getByTestId('purchase-amount').fill(claim.yuan);
  await enterprise.getByTestId('claim-create').click();
}

/** Uploads evidence on the claim's page, one file at a time, each listed once stored. */
export async function uploadEvidence(
  enterprise: Page,
  files: readonly { kindLabel: string; name: string; yuan?: string }[],
): Promise<void> {
  for (const { kindLabel, name, yuan } of files) {
    await choose(enterprise, 'evidence-kind', kindLabel);
    if (kindLabel === '发票') {
      await enterprise
        .getByTestId('evidence-invoice-number')
        .fill(String(Date.now()).padStart(20, '3'));
    }
    if (yuan !== undefined) await enterprise.getByTestId('evidence-amount').fill(yuan);
    await enterprise
      .getByTestId('evidence-files')
      .locator('input[type=file]')
      .setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf(name) });
    await enterprise.getByTestId('evidence-upload').click();
    await enterprise.getByTestId('claim-files').getByText(name).waitFor();
  }
}
