export const icon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
  '<path d="M14 1H5.5A1.5 1.5 0 0 0 4 2.5v19A1.5 1.5 0 0 0 5.5 23h13a1.5 1.5 0 0 0 1.5-1.5V7z"' +
  ' fill="#0F9D58"/>' +
  '<path d="M14 1v4.5A1.5 1.5 0 0 0 15.5 7H20z" fill="#87CEAC"/>' +
  '<path d="M7 10h10v8H7zm1.5 1.5v1.75h3v-1.75zm4.5 0v1.75h2.5v-1.75zm-4.5 3.25v1.75h3v-1.75zm4.5 0' +
  'v1.75h2.5v-1.75z" fill="#fff" fill-rule="evenodd"/>' +
  "</svg>";
