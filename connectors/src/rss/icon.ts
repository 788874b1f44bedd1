export const icon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
  '<circle cx="5" cy="19" r="2" fill="currentColor"/>' +
  '<path d="M3 11a10 10 0 0 1 10 10M3 4a17 17 0 0 1 17 17" fill="none" stroke="currentColor"' +
  ' stroke-width="2.5"/>' +
  "</svg>";
