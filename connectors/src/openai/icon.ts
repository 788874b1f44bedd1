export const icon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
  '<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/>' +
  '<path d="M8 12h8M12 8v8" stroke="currentColor" stroke-width="2"/>' +
  "</svg>";
