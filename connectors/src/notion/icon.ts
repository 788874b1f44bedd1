export const icon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
  '<path d="M4.5 3.2 15.6 2.4c1.4-.1 1.7 0 2.6.6l3.6 2.5c.6.4.8.6.8 1.1v13.7c0 .9-.3 1.4-1.4 1.5' +
  'L8.3 22.6c-.8 0-1.2-.1-1.7-.7l-2.6-3.4c-.5-.7-.7-1.2-.7-1.8V4.6c0-.7.3-1.3 1.2-1.4Z" fill="#fff"' +
  ' stroke="currentColor" stroke-width="1.2"/>' +
  '<path d="M9 8.3v10.2l1.6-.1v-7l4.6 7.4 1.7-.1V8l-1.6.1v6.6L10.8 8 9 8.3Z" fill="currentColor"/>' +
  "</svg>";
