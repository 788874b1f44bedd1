export const icon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
  '<path d="M9 3a2 2 0 1 0 0 4h2V5a2 2 0 0 0-2-2Zm0 6H4a2 2 0 1 0 0 4h5a2 2 0 1 0 0-4Zm12 2' +
  "a2 2 0 1 0-4 0v2h2a2 2 0 0 0 2-2Zm-6 0V5a2 2 0 1 0-4 0v6a2 2 0 1 0 4 0Zm0 10a2 2 0 1 0 0-4h-2v2a2 2" +
  " 0 0 0 2 2Zm0-6h5a2 2 0 1 0 0-4h-5a2 2 0 1 0 0 4ZM3 13a2 2 0 1 0 4 0v-2H5a2 2 0 0 0-2 2Zm6 0v6a2 2 0" +
  ' 1 0 4 0v-6a2 2 0 1 0-4 0Z" fill="currentColor"/>' +
  "</svg>";
