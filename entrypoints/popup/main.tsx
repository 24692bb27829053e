import { render } from 'preact';
render(<main><h1>Connect Companion</h1></main>, document.getElementById('app')!);
