import './global.css';
import './wh-app';
