export const icon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
  '<path d="M4 6h10M4 12h16M4 18h7" stroke="currentColor" stroke-width="2" fill="none"/>' +
  "</svg>";
