export const icon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
  '<path d="M18.9 1.15h3.68l-8.04 9.19L24 22.85h-7.41l-5.8-7.58-6.64 7.58H.47l8.6-9.83L0 1.15h7.59' +
  'l5.24 6.93Zm-1.29 19.5h2.04L6.49 3.24H4.3Z" fill="currentColor"/>' +
  "</svg>";
