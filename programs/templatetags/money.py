from django import template

from core.money import usd

register = template.Library()


register.filter("usd", usd)
