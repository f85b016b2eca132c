// An Indonesian date field: the chosen date written out in full, a calendar with Indonesian month and day names
// (Monday first), typing a date, and clearing it. Everything it shows comes from the page (`data`); it reports a
// day picked in the calendar ("pilih": ISO date, "" when cleared) and a typed text ("ketik"), which the page reads.
// It loads nothing from anywhere.

const drawings = new WeakMap(); // field element → AbortController of the listeners of its latest drawing

function iso(year, month, day) {
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function parseIso(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
  return m ? { year: Number(m[1]), month: Number(m[2]) - 1, day: Number(m[3]) } : null;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector(".tanggal");
  const label = root.querySelector(".label");
  const input = root.querySelector(".teks");
  const openButton = root.querySelector(".buka");
  const clearButton = root.querySelector(".hapus");
  const calendar = root.querySelector(".kalender");
  const monthSelect = root.querySelector(".bulan");
  const yearSelect = root.querySelector(".tahun");
  const prevButton = root.querySelector(".sebelum");
  const nextButton = root.querySelector(".sesudah");
  const weekdays = root.querySelector(".hari");
  const grid = root.querySelector(".grid");
  // Streamlit calls this function again, on the same elements, whenever the page sends new data: the listeners of
  // the previous call are removed first (and on unmount, by the cleanup returned below).
  drawings.get(root)?.abort();
  const listening = new AbortController();
  drawings.set(root, listening);
  const on = (element, type, handler) => element.addEventListener(type, handler, { signal: listening.signal });

  const chosen = parseIso(data.value);
  const start = chosen || parseIso(data.start) || { year: data.years[data.years.length - 1], month: 0, day: 1 };
  let shownYear = start.year;
  let shownMonth = start.month;

  const fieldId = `tanggal-${data.key}`;
  label.textContent = data.label;
  label.htmlFor = fieldId;
  input.id = fieldId;
  input.value = data.text || "";
  input.placeholder = data.placeholder;
  input.setAttribute("aria-label", data.label);
  openButton.setAttribute("aria-label", data.open_label);
  openButton.title = data.open_label;
  clearButton.setAttribute("aria-label", data.clear_label);
  clearButton.title = data.clear_label;
  clearButton.hidden = !chosen;
  prevButton.setAttribute("aria-label", data.previous_label);
  nextButton.setAttribute("aria-label", data.next_label);
  monthSelect.setAttribute("aria-label", data.month_label);
  yearSelect.setAttribute("aria-label", data.year_label);

  monthSelect.replaceChildren(...data.months.map((name, i) => new Option(name, String(i))));
  yearSelect.replaceChildren(...data.years.map((y) => new Option(String(y), String(y))));
  weekdays.replaceChildren(...data.weekdays.map((name) => {
    const cell = document.createElement("span");
    cell.textContent = name;
    return cell;
  }));

  function draw() {
    monthSelect.value = String(shownMonth);
    yearSelect.value = String(shownYear);
    const first = new Date(Date.UTC(shownYear, shownMonth, 1));
    const offset = (first.getUTCDay() + 6) % 7; // Monday first
    const days = new Date(Date.UTC(shownYear, shownMonth + 1, 0)).getUTCDate();
    const cells = [];
    for (let i = 0; i < offset; i += 1) {
      cells.push(document.createElement("span"));
    }
    for (let day = 1; day <= days; day += 1) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "tgl";
      button.textContent = String(day);
      const value = iso(shownYear, shownMonth, day);
      button.dataset.tanggal = value;
      button.setAttribute("aria-label", `${day} ${data.months[shownMonth]} ${shownYear}`);
      if (chosen && chosen.year === shownYear && chosen.month === shownMonth && chosen.day === day) {
        button.classList.add("terpilih");
        button.setAttribute("aria-pressed", "true");
      }
      on(button, "click", () => setTriggerValue("pilih", value));
      cells.push(button);
    }
    grid.replaceChildren(...cells);
    const firstYear = data.years[0];
    const lastYear = data.years[data.years.length - 1];
    prevButton.disabled = shownYear === firstYear && shownMonth === 0;
    nextButton.disabled = shownYear === lastYear && shownMonth === 11;
  }

  function step(months) {
    const index = shownYear * 12 + shownMonth + months;
    shownYear = Math.floor(index / 12);
    shownMonth = index % 12;
    draw();
  }

  function toggle(open) {
    calendar.hidden = !open;
    openButton.setAttribute("aria-expanded", String(open));
    if (open) {
      draw();
    }
  }

  on(openButton, "click", () => toggle(calendar.hidden));
  on(prevButton, "click", () => step(-1));
  on(nextButton, "click", () => step(1));
  on(monthSelect, "change", () => { shownMonth = Number(monthSelect.value); draw(); });
  on(yearSelect, "change", () => { shownYear = Number(yearSelect.value); draw(); });
  on(clearButton, "click", () => setTriggerValue("pilih", ""));

  let sent = null;
  function sendTyped() {
    const typed = input.value.trim();
    if (typed !== (data.text || "") && typed !== sent) {
      sent = typed;
      setTriggerValue("ketik", typed);
    }
  }
  on(input, "keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      sendTyped();
    } else if (event.key === "Escape") {
      input.value = data.text || "";
      toggle(false);
    }
  });
  on(input, "change", sendTyped);
  on(root, "keydown", (event) => {
    if (event.key === "Escape" && !calendar.hidden) {
      toggle(false);
      openButton.focus();
    }
  });
  toggle(false);
  return () => listening.abort();
}
