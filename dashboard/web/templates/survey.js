// The comment's character count, as "123 / 4,000"; without script the limit is stated in words.
// A confirmation (which replaces the form) is scrolled into view and focused.
document.addEventListener("DOMContentLoaded", () => {
  const confirmation = document.getElementById("confirmation");
  if (confirmation) {
    confirmation.scrollIntoView({ block: "center" });
    confirmation.focus({ preventScroll: true });
  }
  const box = document.getElementById("comment");
  const count = document.getElementById("count");
  if (!box || !count) return;
  const limit = Number(count.dataset.limit);
  const show = () => {
    count.textContent = `${[...box.value].length.toLocaleString()} / ${limit.toLocaleString()}`;
  };
  box.addEventListener("input", show);
  show();
});
