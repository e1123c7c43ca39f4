package dev.arbiter.pep;

/** One item of a batch answer: the PDP's answer, or its refusal of that item alone. */
sealed interface BatchItem permits BatchItem.Answered, BatchItem.Rejected {
  /** @param response the PDP's answer to the item */
  record Answered(PdpResponse response) implements BatchItem {}

  /** @param message why the PDP refused the item (it was not a valid request) */
  record Rejected(String message) implements BatchItem {}
}
