// The subscribe page's "Copy the address" button: an enhancement; without JavaScript the
// address is still there to select and copy.
const input = document.querySelector("[data-copy-source]");
const button = document.querySelector("[data-copy-button]");
const status = document.querySelector("[data-copy-status]");
if (input && button && navigator.clipboard) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = "Copied. Paste it into your feed reader.";
    } catch {
      input.select();
      status.textContent = "Select the address and copy it.";
    }
  });
}
