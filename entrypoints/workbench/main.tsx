import { render } from 'preact';
import { Workbench } from './Workbench';
import './style.css';

render(<Workbench />, document.getElementById('app')!);
